# Writes FileGator's users.json (JSON auth adapter) with the generated admin password's hash.
#
# Reads one bcrypt hash ('$2y$...', made by the image's own PHP password_hash) on stdin and prints
# the users file: the admin with that hash, and a guest without any permission. FileGator's image
# ships admin/admin123; this file replaces it before the server first starts.

import json
import re
import sys

# Permission names of the pinned FileGator release (7.15.0 added 'delete'); unknown names make it fail.
ADMIN_PERMISSIONS = ["read", "write", "delete", "upload", "download", "batchdownload", "zip", "chmod"]
BCRYPT = re.compile(r"^\$2[aby]\$1[0-9]\$[./A-Za-z0-9]{53}$")


def users(password_hash):
    if not BCRYPT.match(password_hash):
        raise ValueError("expected one bcrypt hash ($2y$NN$ + 53 characters)")
    return {
        "1": {
            "username": "admin",
            "name": "Admin",
            "role": "admin",
            "homedir": "/",
            "permissions": "|".join(ADMIN_PERMISSIONS),
            "password": password_hash,
        },
        "2": {"username": "guest", "name": "Guest", "role": "guest", "homedir": "/", "permissions": "", "password": ""},
    }


def main():
    try:
        document = users(sys.stdin.read().strip())
    except ValueError as err:
        print(f"filegator_users: {err}", file=sys.stderr)
        return 2
    json.dump(document, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

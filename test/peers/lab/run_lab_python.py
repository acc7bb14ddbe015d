# Runs one of the lab's Python files against a local S3 server, for test/peers/lab.
# stdin: {"mode": "handler"|"upload", "file": path, "endpoint": url, "env": {...}, "event": {...}, "argv": [...]}
# stdout: one JSON line {"ok": true, "result": ...} or {"ok": false, "error": code or type, "message": ...}.
import importlib.util
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

request = json.load(sys.stdin)
os.environ.update(request.get("env", {}))
client = boto3.client(
    "s3",
    endpoint_url=request["endpoint"],
    aws_access_key_id="S3RVER",
    aws_secret_access_key="S3RVER",
    region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1}),
)
spec = importlib.util.spec_from_file_location("lab_module", request["file"])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
try:
    if request["mode"] == "handler":
        module._client = client
        result = module.handler(request["event"], None)
    else:
        result = module.main(request.get("argv", []), s3=client)
    print(json.dumps({"ok": True, "result": result}))
except ClientError as err:
    print(json.dumps({"ok": False, "error": err.response.get("Error", {}).get("Code", ""), "message": str(err)}))
    sys.exit(1)

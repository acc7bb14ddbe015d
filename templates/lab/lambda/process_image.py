# Research lab image pipeline: S3 input bucket -> this function -> S3 output bucket.
#
# Each image uploaded to the input bucket is copied, server side, into the output bucket as
# <folder>/<stem><PROCESSED_SUFFIX>.<extension of its detected type>. Runs on AWS Lambda
# (python3.13) with the boto3 the runtime provides; CloudFormation embeds this file as index.py.
#
# Differences from the lab handout's function, on purpose:
# - every record of the event is handled, not only the first;
# - the output bucket and the suffix come from the environment, not from an edited string;
# - the type is read from the object's first bytes: a non-image is skipped (logged, no retry) and a
#   JPEG keeps '.jpg' instead of being renamed '.png';
# - an object deleted before it was processed is skipped (logged, no retry), while any other error
#   (permissions, throttling) is raised so Lambda retries and then sends the event to the
#   dead-letter queue;
# - the copy happens inside S3 (no download to /tmp, so no size or path limits of /tmp).

import json
import logging
import os
import posixpath
import urllib.parse

import boto3
from botocore.exceptions import ClientError

LOG = logging.getLogger(__name__)
LOG.setLevel(logging.INFO)

# Enough bytes for every signature below (DICOM's 'DICM' sits after a 128-byte preamble).
SNIFF_BYTES = 132
MISSING_CODES = {"NoSuchKey", "NoSuchVersion", "404"}

_client = None


def s3():
    """The S3 client, made on first use (tests replace it with one aimed at a local server)."""
    global _client
    if _client is None:
        _client = boto3.client("s3")
    return _client


def image_type(head):
    """(extension, content type) of an image from its first bytes, or None if it is not one."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif", "image/gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tif", "image/tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", "image/webp"
    if head[:2] == b"BM" and len(head) >= 14:
        return "bmp", "image/bmp"
    if head[128:132] == b"DICM":
        return "dcm", "application/dicom"
    return None


def output_key(key, suffix, extension):
    """'scans/knee.PNG' -> 'scans/knee<suffix>.png'; the folder is kept so names do not collide."""
    folder, name = posixpath.split(key)
    stem = posixpath.splitext(name)[0] or name
    return posixpath.join(folder, f"{stem}{suffix}.{extension}")


def process_record(record, output_bucket, suffix):
    event_name = record.get("eventName", "")
    if not event_name.startswith("ObjectCreated:"):
        return {"status": "ignored", "reason": f"event {event_name or 'without a name'}"}
    bucket = record["s3"]["bucket"]["name"]
    # S3 URL-encodes keys in events, with '+' for spaces.
    key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
    if key.endswith("/"):
        return {"key": key, "status": "ignored", "reason": "folder marker"}
    source = {"Bucket": bucket, "Key": key}
    version = record["s3"]["object"].get("versionId")
    if version:
        source["VersionId"] = version
    try:
        head = s3().get_object(**source, Range=f"bytes=0-{SNIFF_BYTES - 1}")["Body"].read()
    except ClientError as err:
        code = err.response.get("Error", {}).get("Code", "")
        if code in MISSING_CODES:
            LOG.warning("s3://%s/%s is gone (%s); nothing to process", bucket, key, code)
            return {"key": key, "status": "missing"}
        raise
    detected = image_type(head)
    if detected is None:
        LOG.warning("s3://%s/%s is not an image (unknown signature %s); skipped", bucket, key, head[:8].hex())
        return {"key": key, "status": "not-an-image"}
    extension, content_type = detected
    target = output_key(key, suffix, extension)
    s3().copy_object(
        Bucket=output_bucket,
        Key=target,
        CopySource=source,
        ContentType=content_type,
        MetadataDirective="REPLACE",
        Metadata={"source-bucket": bucket, "source-key": urllib.parse.quote(key)},
    )
    LOG.info("s3://%s/%s -> s3://%s/%s", bucket, key, output_bucket, target)
    return {"key": key, "status": "processed", "output": target}


def handler(event, context):
    output_bucket = os.environ["OUTPUT_BUCKET"]
    suffix = os.environ.get("PROCESSED_SUFFIX", "-processed")
    results = [process_record(r, output_bucket, suffix) for r in event.get("Records", [])]
    return {"statusCode": 200, "body": json.dumps(results)}

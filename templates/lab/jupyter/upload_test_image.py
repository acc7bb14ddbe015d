# Upload a generated PNG to the research lab's input bucket and wait for its processed copy.
#
# The lab handout's notebook cell, runnable as is on the Jupyter instance: the bucket names and the
# suffix come from the environment the Jupyter service sets (LAB_INPUT_BUCKET, LAB_OUTPUT_BUCKET,
# LAB_PROCESSED_SUFFIX), credentials from the instance role. The handout's cell uploaded to the
# *output* bucket, so its Lambda never ran; this uploads to the input bucket.
#
# In a notebook cell:  %run upload_test_image.py --wait 60
# From a shell:        python upload_test_image.py [--key NAME.png] [--wait SECONDS]

import argparse
import io
import os
import posixpath
import sys
import time

import boto3
from botocore.exceptions import ClientError
from PIL import Image, ImageDraw


def make_png(text):
    image = Image.new("RGB", (200, 100), color="white")
    ImageDraw.Draw(image).text((50, 40), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def processed_key(key, suffix):
    folder, name = posixpath.split(key)
    return posixpath.join(folder, f"{posixpath.splitext(name)[0]}{suffix}.png")


def wait_for(s3, bucket, key, seconds, poll=2.0):
    """True once s3://bucket/key exists; False after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            s3.head_object(Bucket=bucket, Key=key)
            return True
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
                raise
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)


def main(argv=None, s3=None):
    parser = argparse.ArgumentParser(description="Upload a generated PNG to the lab input bucket.")
    parser.add_argument("--key", default="lab-image.png", help="object key in the input bucket")
    parser.add_argument("--text", default="Hello!", help="text drawn on the image")
    parser.add_argument("--wait", type=float, default=0, help="seconds to wait for the processed copy")
    args = parser.parse_args(argv)
    input_bucket = os.environ["LAB_INPUT_BUCKET"]
    output_bucket = os.environ["LAB_OUTPUT_BUCKET"]
    suffix = os.environ.get("LAB_PROCESSED_SUFFIX", "-processed")
    s3 = s3 or boto3.client("s3")

    s3.put_object(Bucket=input_bucket, Key=args.key, Body=make_png(args.text), ContentType="image/png")
    print(f"Image uploaded to s3://{input_bucket}/{args.key}")
    if args.wait <= 0:
        return 0
    target = processed_key(args.key, suffix)
    if wait_for(s3, output_bucket, target, args.wait):
        print(f"Processed image is at s3://{output_bucket}/{target}")
        return 0
    print(f"No s3://{output_bucket}/{target} after {args.wait:g} s: check the function's log group.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

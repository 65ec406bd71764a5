#!/usr/bin/env python3
"""Copydesk inside a Spark job: read a folder of news files, pipe them through `copydesk pipe`, and
write the documents as JSON Lines.

    pip install pyspark            # Java 17 must be on the machine
    python3 examples/spark_pipe.py INPUT_FOLDER OUTPUT_FOLDER [--copydesk PATH] [--state DIR|postgres://…] [--partitions N]

Each partition starts one `copydesk pipe` process (RDD.pipe) and streams its files to it as
`{"name", "path", "content_base64"}` lines; Copydesk answers one line per file, in order: a
document (one per story), or `{"name", "stage", "error"}`. Documents go to OUTPUT_FOLDER/documents,
errors to OUTPUT_FOLDER/errors. With `--state postgres://USER@HOST/DB` every partition on every
machine shares one dedup index (the password in COPYDESK_STATE_PASSWORD or a file named by
COPYDESK_STATE_PASSWORD_FILE, which the executors inherit); with `--state DIR`, a folder on one machine.
"""
import argparse, base64, json, os, shlex, shutil, sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--copydesk", default=shutil.which("copydesk") or "copydesk")
    parser.add_argument("--state")
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()

    from pyspark.sql import SparkSession
    spark = SparkSession.builder.master(args.master).appName("copydesk-pipe").getOrCreate()
    sc = spark.sparkContext
    root = os.path.abspath(args.input)

    def request(pair):
        path, content = pair
        local = path[len("file:"):] if path.startswith("file:") else path
        relative = os.path.relpath(local, root)
        return json.dumps({"name": os.path.basename(local), "path": relative,
                           "content_base64": base64.b64encode(content).decode("ascii")})

    command = [args.copydesk, "pipe"] + (["--state", args.state] if args.state else [])
    files = sc.binaryFiles(root, minPartitions=args.partitions).sortByKey()
    results = files.map(request).pipe(shlex.join(command), checkCode=True).map(json.loads).cache()
    documents = results.filter(lambda line: "schema" in line)
    errors = results.filter(lambda line: "error" in line)
    if os.path.exists(args.output):
        shutil.rmtree(args.output)
    documents.map(lambda d: json.dumps(d, ensure_ascii=False)).saveAsTextFile(os.path.join(args.output, "documents"))
    errors.map(json.dumps).saveAsTextFile(os.path.join(args.output, "errors"))
    print(f"copydesk-pipe: {documents.count()} documents, {errors.count()} errors → {args.output}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()

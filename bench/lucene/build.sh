#!/bin/sh
# Compiles the Lucene side of `Search.Bench speed` against Debian's liblucene8-java (Lucene 8.8.1;
# the jar files are named 8.7.0, their manifests say 8.8.1) into bench/lucene/classes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
classpath=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar
for jar in $(echo "$classpath" | tr ':' ' '); do
    [ -f "$jar" ] || { echo "missing $jar: apt-get install -y liblucene8-java default-jdk-headless" >&2; exit 1; }
done
mkdir -p "$here/classes"
javac -Xlint:all -Werror -d "$here/classes" -cp "$classpath" "$here/LuceneSpeedHarness.java"
echo "$classpath:$here/classes"

# syntax=docker/dockerfile:1
FROM alpine
RUN <<FILE1 cat > file1 && <<FILE2 cat > file2
I am
first
FILE1
I am
second
FILE2
COPY <<a <<b /dst/
alpha
a
beta
b
COPY --chmod=755 <<"EOF" /usr/local/bin/hello
#!/bin/sh
echo "hello $USER"
EOF
ADD <<'X' /x.txt
$NOT_EXPANDED
X

FROM --platform=linux/amd64 alpine AS a
COPY --link --from=a --chown=1000:1000 --chmod=755 /x /y
COPY --exclude=*.md --parents ./a/ /dst/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /buildkit
ADD --unpack=false --chown=app --link a.tar /tmp/
RUN --network=none --security=sandbox echo hi
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 ls
RUN -- --not-a-flag
RUN echo --not-a-flag-either

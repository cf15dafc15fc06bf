FROM haskell:9.8 AS build
WORKDIR /opt/app
COPY stack.yaml package.yaml /opt/app/
RUN stack build --only-dependencies
COPY . /opt/app
RUN stack install --local-bin-path /opt/bin
FROM debian:bookworm-slim
COPY --from=build /opt/bin/app /usr/local/bin/app
CMD ["app"]

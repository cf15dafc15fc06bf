FROM alpine@sha256:b89d9c93e9ed3597455c90a0b88a8bbb5cb7188438f70953fede212a0c4394e0
FROM scratch
FROM registry.example.com:5000/team/app:1.2.3 AS app
FROM app

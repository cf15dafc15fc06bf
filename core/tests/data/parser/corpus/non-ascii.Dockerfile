FROM alpine
LABEL description="Ünïcödé 日本語 🚀"
RUN echo "héllo wörld" > /tmp/x
RUN echo 🐳
COPY Ďata /dáta

FROM alpine
RUN echo a \

    b \


    c
EXPOSE 80

FROM alpine
RUN echo a \  
    b \	
    c
RUN echo \\
RUN echo z

//! The shell splitter for RUN (being written).

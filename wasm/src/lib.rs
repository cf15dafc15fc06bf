//! wasm-bindgen API over shipshape-core (built in "The wasm bundle" issue).

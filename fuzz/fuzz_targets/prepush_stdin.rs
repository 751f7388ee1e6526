//! libFuzzer target; the body is `leakfence::fuzzing::prepush_stdin`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leakfence::fuzzing::prepush_stdin(data));

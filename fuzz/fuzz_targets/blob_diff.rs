//! libFuzzer target; the body is `leakfence::fuzzing::blob_diff`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leakfence::fuzzing::blob_diff(data));

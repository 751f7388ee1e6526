//! libFuzzer target; the body is `leakfence::fuzzing::keyword_search`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leakfence::fuzzing::keyword_search(data));

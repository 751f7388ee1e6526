//! libFuzzer target; the body is `leakfence::fuzzing::detectors_yaml`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leakfence::fuzzing::detectors_yaml(data));

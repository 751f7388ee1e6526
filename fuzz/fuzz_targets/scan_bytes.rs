//! libFuzzer target; the body is `leakfence::fuzzing::scan_bytes`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leakfence::fuzzing::scan_bytes(data));

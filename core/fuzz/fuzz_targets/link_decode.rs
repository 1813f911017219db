//! The link decoder takes anything a person can paste: it must never panic, hang or allocate
//! without bound, and whatever it accepts must encode back to a link that decodes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use overhead_core::link;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Raw text as pasted, and the same bytes as the body of a well-framed link (length and
    // checksum right) so that the fuzzer reaches the body decoder, past the checksum.
    let framed = link::envelope(data, false, data);
    for candidate in [text.as_ref(), framed.as_str()] {
        if let Ok(decision) = link::decode(candidate) {
            let again = link::decode(&link::encode(&decision)).expect("a re-encoded link decodes");
            // NaN is never equal to itself; compare the encodings instead.
            assert_eq!(link::encode(&again), link::encode(&decision));
        }
    }
});

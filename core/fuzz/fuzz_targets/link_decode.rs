//! The link decoder takes anything a person can paste: it must never panic, hang or allocate
//! without bound, and whatever it accepts must encode back to a link that decodes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use overhead_core::link;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Raw text as pasted, and the same bytes as the body of a well-framed link of each format
    // (length and checksum right) so that the fuzzer reaches the body decoders, past the
    // checksum: format 1, and format 2 with the document's own kinds.
    let framed_v1 = link::envelope(1, data, false, data);
    let framed_v2 = link::envelope(2, data, false, data);
    for candidate in [text.as_ref(), framed_v1.as_str(), framed_v2.as_str()] {
        if let Ok(decision) = link::decode(candidate) {
            let again = link::decode(&link::encode(&decision)).expect("a re-encoded link decodes");
            // NaN is never equal to itself; compare the encodings instead.
            assert_eq!(link::encode(&again), link::encode(&decision));
        }
    }
});

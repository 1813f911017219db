use overhead_core::analysis::analyse;
use overhead_core::ranges::Run;
fn main() {
    let link = std::env::args().nth(1).unwrap();
    let d = overhead_core::link::decode(link.split('#').nth(1).unwrap()).unwrap();
    println!("{:?} {:?}", d.ranges, d.context);
    let a = analyse(&d).unwrap();
    let o = Run::new(&d, &a, None, None).unwrap().unwrap().finish();
    println!("{:?}", o.spreads);
}

// The demo catalog is embedded at compile time: rebuild when it changes.
fn main() {
    println!("cargo:rerun-if-changed=../../assets/demo");
}

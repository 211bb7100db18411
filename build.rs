fn main() {
    netguard::run_build_script();
}

fn main() {
    ngayhoi::start();
}

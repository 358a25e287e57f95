fn main() {
    fielddesk::start();
}

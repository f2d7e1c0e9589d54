// Empty: measures start-up.
int main(void) { return 0; }

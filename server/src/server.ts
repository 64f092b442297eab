// Language server entry point (replaced by the full server).
export {};

// jemalloc's settings for the processes linked with it (cmake/FazhiAllocator.cmake), read when it
// starts; MALLOC_CONF in the environment still overrides any of them.
// - narenas:2. jemalloc makes four arenas per core it sees, and in a pod it sees the node's cores,
//   not the pod's limit (k8s/base: one core); each arena keeps freed memory of its own.
// - dirty_decay_ms:1000, muzzy_decay_ms:0: freed pages go back to the kernel after a second, not
//   ten.
// With jemalloc's defaults a 10^6-point stream peaked at 94.8 MiB against glibc's 60; with these,
// 55.9 MiB, and the one-point-a-call rate is unchanged (docs/benchmarks.md, Fifteenth session).
extern "C" {
// The name and type jemalloc looks for.
const char* malloc_conf = "narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

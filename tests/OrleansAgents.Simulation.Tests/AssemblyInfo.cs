using Xunit;

// Simulations are single-threaded and CPU-bound; running them one at a time keeps wall-time figures honest on a
// small CI machine and keeps the process's thread pool out of their way.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

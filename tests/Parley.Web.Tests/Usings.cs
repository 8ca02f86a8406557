global using Xunit;
global using Parley.Analysis.Results;

// The browser tests drive a live server against a timeout; running them beside the CPU-heavy analysis tests
// on a small machine only makes them slower and flakier, so the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

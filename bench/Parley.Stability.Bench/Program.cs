using Parley.Stability.Analysis;
using Parley.Stability.Engine;
using Parley.Stability.Gmcr;

if (args.Length >= 2 && args[0] == "--show")
{
    var doc = GmcrFile.Load(args[1]);
    var table = new StabilityAnalyzer(ConflictGraph.Build(GmcrFile.ToConflict(doc))).AnalyzeAll();
    Console.WriteLine(StabilityReport.Text(table));
    return 0;
}
return 0;

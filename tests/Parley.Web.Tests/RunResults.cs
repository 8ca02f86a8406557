using Parley.Analysis.Contracts;
using Parley.Analysis.Json;
using Parley.Analysis.Results;
using Parley.Web.Services;

namespace Parley.Web.Tests;

internal static class RunResults
{
    /// <summary>The bargaining result inside a run's stored document, typed.</summary>
    public static BargainingResult Bargaining(this AnalysisRunDto run) =>
        ResultJson.Deserialize<AnalysisDocument<BargainingResult>>(run.Result!.Value.GetRawText()).Result;

    /// <summary>The robustness result inside a run's stored document, typed.</summary>
    public static RobustnessResult Robustness(this AnalysisRunDto run) =>
        ResultJson.Deserialize<AnalysisDocument<RobustnessResult>>(run.Result!.Value.GetRawText()).Result;

    /// <summary>The timeline result inside a run's stored document, typed.</summary>
    public static TimelineResult Timeline(this AnalysisRunDto run) =>
        ResultJson.Deserialize<AnalysisDocument<TimelineResult>>(run.Result!.Value.GetRawText()).Result;
}

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
}

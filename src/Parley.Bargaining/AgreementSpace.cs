using Parley.Core.Evaluation;

namespace Parley.Bargaining;

/// <summary>A complete package with every modelled party's utility (indexed like <see cref="UtilityModel.Parties"/>).</summary>
public sealed record RankedPackage(Package Package, double[] Utilities, double NashProduct);

/// <summary>
/// The zone of possible agreement: complete packages that hit no required party's red line and give each
/// required party at least its reservation value.
/// </summary>
public sealed record AgreementSpaceSummary(double PackageCount, long AcceptableCount, IReadOnlyList<RankedPackage> BestByNash);

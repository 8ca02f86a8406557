namespace Parley.Forecast.Tests;

internal static class TestFiles
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static SpatialModel OneDimension(params (string Name, double Cap, double Pos, double Sal)[] actors) =>
        SpatialModel.Create("test", [new Dimension("x", "x", 0, 100)],
            actors.Select(a => new SpatialActor(a.Name, a.Cap, [new Stance(a.Pos, a.Sal)])).ToArray());
}

using System.Text;
using Parley.Forecast.Import;

namespace Parley.Forecast.Tests.Fuzz;

/// <summary>Minimal inputs of crashes in the forecast importers, and hostile sizes.</summary>
public sealed class ImportRegressionTests
{
    /// <summary>Reads on a worker with a generous bound, so a regression to quadratic work fails instead of hanging the suite.</summary>
    private static ForecastInputException RefusedWithin(Func<SpatialModel> read)
    {
        var task = Task.Run(() => Assert.Throws<ForecastInputException>(read));
        Assert.True(task.Wait(TimeSpan.FromMinutes(2)), "the reader did not finish");
        return task.Result;
    }

    /// <summary>A header of only capability, position and salience left no column for names: Enumerable.First threw InvalidOperationException.</summary>
    [Fact]
    public void A_bdm_header_without_a_name_column_is_a_located_error()
    {
        var e = Assert.Throws<ForecastInputException>(() => BdmCsvReader.Read("capability,position,salience\n1,2,3\n", "bad.csv"));
        Assert.Equal(1, e.Line);
        Assert.Contains("no column for the actor names", e.Reason);
    }

    [Fact]
    public void Bdm_positions_whose_range_overflows_are_refused_where_they_stand()
    {
        var e = Assert.Throws<ForecastInputException>(() => BdmCsvReader.Read("actor,capability,position,salience\nA,1,-1e308,1\nB,1,1e308,1\n", "bad.csv"));
        Assert.Equal(2, e.Line);
        Assert.Equal(3, e.Column);
    }

    /// <summary>3 + 2 × 1.5e9 columns overflowed int to a negative count, and the header loop ran off its end (IndexOutOfRange).</summary>
    [Fact]
    public void A_ktab_dimension_count_beyond_the_limit_is_refused_on_the_scenario_line()
    {
        var e = Assert.Throws<ForecastInputException>(() => KtabCsvReader.Read("s,d,1,1500000000\nActor,Desc,Power,X Position,X Salience\nA,a,1,50,50\n", "bad.csv"));
        Assert.Equal((1, 4), (e.Line, e.Column));
        Assert.Contains("over the supported 100", e.Reason);
    }

    [Fact]
    public void A_ktab_csv_with_a_hundred_thousand_actors_is_refused_at_the_first_row_over_the_limit()
    {
        const int actors = 100_000;
        var text = new StringBuilder($"big,,{actors},1\nActor,Desc,Power,X Position,X Salience\n");
        for (var i = 0; i < actors; i++) text.Append($"a{i},,1,50,50\n");
        var e = RefusedWithin(() => KtabCsvReader.Read(text.ToString(), "big.csv"));
        Assert.Equal(2 + ImportLimits.MaxActors + 1, e.Line);
        Assert.Contains("100000 actor rows", e.Reason);
    }

    /// <summary>With an IdealAdjustment block the reader allocated an actors × actors matrix: 80 GB for 10^5 actors.</summary>
    [Fact]
    public void A_ktab_xml_with_a_hundred_thousand_actors_is_refused_before_allocating_their_adjustment_matrix()
    {
        const int actors = 100_000;
        var text = new StringBuilder("<Scenario><name>big</name><Actors>");
        for (var i = 0; i < actors; i++)
            text.Append($"<Actor><name>a{i}</name><capability>1</capability><Position><dCoord>50</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n");
        text.Append("</Actors><IdealAdjustment><iaPair><adjustingIdeal>a0</adjustingIdeal><referencePos>a1</referencePos><adjust>0.5</adjust></iaPair></IdealAdjustment></Scenario>");
        var e = RefusedWithin(() => KtabXmlReader.Read(text.ToString(), "big.xml"));
        Assert.Equal(ImportLimits.MaxActors + 1, e.Line);
        Assert.Equal("Scenario/Actors/Actor[2001]", e.Path);
    }

    [Fact]
    public void A_bdm_csv_with_a_hundred_thousand_actors_is_refused()
    {
        const int actors = 100_000;
        var text = new StringBuilder("actor,capability,position,salience\n");
        for (var i = 0; i < actors; i++) text.Append($"a{i},1,{i % 100},0.5\n");
        var e = RefusedWithin(() => BdmCsvReader.Read(text.ToString(), "big.csv"));
        Assert.Equal(1 + ImportLimits.MaxActors + 1, e.Line);
    }

    [Fact]
    public void A_ktab_csv_at_the_actor_limit_still_reads()
    {
        var text = new StringBuilder($"big,,{ImportLimits.MaxActors},1\nActor,Desc,Power,X Position,X Salience\n");
        for (var i = 0; i < ImportLimits.MaxActors; i++) text.Append($"a{i},,1,{i % 101},50\n");
        Assert.Equal(ImportLimits.MaxActors, KtabCsvReader.Read(text.ToString(), "big.csv").Actors.Count);
    }
}

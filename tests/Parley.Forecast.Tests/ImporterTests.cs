using Parley.Forecast.Import;
using Parley.Forecast.Smp;

namespace Parley.Forecast.Tests;

public class ImporterTests
{
    [Theory]
    [InlineData("dummyData_3Dim.csv", 7, 3)]
    [InlineData("dummyData_3Dim-no-final-comma.csv", 7, 3)]
    [InlineData("dummyData_6Dim.csv", 27, 6)]
    [InlineData("dummyData-a040.csv", 40, 1)]
    [InlineData("dummyData-a080.csv", 80, 1)]
    [InlineData("dummyData-a160.csv", 160, 1)]
    [InlineData("SOE-Policy.csv", 26, 1)]
    [InlineData("SOE-Competitive.csv", 34, 1)]
    [InlineData("SOE-Pol-Comp.csv", 13, 2)]
    public void Reads_every_shipped_ktab_csv(string file, int actors, int dims)
    {
        var model = KtabCsvReader.ReadFile(TestFiles.Path("ktab", file));
        Assert.Equal(actors, model.ActorCount);
        Assert.Equal(dims, model.DimensionCount);
    }

    [Fact]
    public void Ktab_csv_values_are_read_and_scaled()
    {
        var model = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "SOE-Pol-Comp.csv"));
        Assert.Equal(["Policy", "Competitive"], model.Dimensions.Select(d => d.Name));
        var lk = model.Actors[1]; // LK,Li Keqiang, 60.2,45,44.7,65,41.3
        Assert.Equal("LK", lk.Name);
        Assert.Equal("Li Keqiang", lk.Description);
        Assert.Equal(60.2, lk.Capability.Value);
        Assert.Equal(45, lk.Stances[0].Position.Value);
        Assert.Equal(0.447, lk.Stances[0].Salience.Value, 12);
        Assert.Equal(65, lk.Stances[1].Position.Value);
        Assert.Equal(0.413, lk.Stances[1].Salience.Value, 12);
    }

    [Fact]
    public void Csv_and_xml_versions_of_the_same_scenario_agree()
    {
        var csv = KtabCsvReader.ReadFile(TestFiles.Path("ktab", "dummyData_3Dim.csv"));
        var xml = KtabXmlReader.ReadFile(TestFiles.Path("ktab", "dummyData_3Dim_fixed.xml"));
        Assert.Equal(csv.ActorCount, xml.ActorCount);
        for (var i = 0; i < csv.ActorCount; i++)
        {
            Assert.Equal(csv.Actors[i].Name, xml.Actors[i].Name);
            Assert.Equal(csv.Actors[i].Capability.Value, xml.Actors[i].Capability.Value);
            for (var d = 0; d < 3; d++)
            {
                Assert.Equal(csv.Actors[i].Stances[d].Position.Value, xml.Actors[i].Stances[d].Position.Value);
                Assert.Equal(csv.Actors[i].Stances[d].Salience.Value, xml.Actors[i].Stances[d].Salience.Value, 12);
            }
        }
    }

    [Fact]
    public void Xml_reads_parameters_seed_and_ideal_adjustment()
    {
        var model = KtabXmlReader.ReadFile(TestFiles.Path("ktab", "smpExample_fixed.xml"));
        Assert.Equal(5, model.ActorCount);
        Assert.Equal(["FirstDim", "SecondDim", "YADN"], model.Dimensions.Select(d => d.Name));
        Assert.Equal(3507583219545544127UL, model.Seed);
        var o = model.SmpOptions!;
        Assert.Equal(PceModel.MarkovIncentive, o.PceModel);
        Assert.Equal(StateTransitions.Stochastic, o.StateTransitions);
        Assert.Equal(VotingRule.PropCbc, o.VotingRule);
        Assert.Equal(52.8, model.Actors[0].Stances[0].Position.Value);
        Assert.Equal(0.07, model.IdealAdjustment![1, 0]); // Bob towards Alice
        // KTAB starts from the identity and overwrites the listed cells: Ellie, with no pair, tracks her position.
        Assert.Equal(1.0, model.IdealAdjustment[4, 4]);
        Assert.Equal(0.0, model.IdealAdjustment[4, 0]);
        Assert.Equal(0.75, model.IdealAdjustment[1, 1]);
    }

    [Fact]
    public void Every_variant_parses_including_the_schema_spellings()
    {
        foreach (var file in Directory.GetFiles(TestFiles.Path("ktab", "variants"), "*.xml"))
        {
            var model = KtabXmlReader.ReadFile(file);
            Assert.Equal(7, model.ActorCount);
        }
        Assert.Equal(VotingRule.Proportional, KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", "d3_VotingRule-Proportional.xml")).SmpOptions!.VotingRule);
        Assert.Equal(BigRAdjust.None, KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", "d3_BigRAdjust-No.xml")).SmpOptions!.BigRAdjust);
        Assert.Null(KtabXmlReader.ReadFile(TestFiles.Path("ktab", "variants", "d3_noparams.xml")).SmpOptions);
    }

    [Fact]
    public void Broken_shipped_example_reports_the_empty_coordinate_with_its_line()
    {
        var e = Assert.Throws<ForecastInputException>(() => KtabXmlReader.ReadFile(TestFiles.Path("ktab", "smpExample.xml")));
        Assert.Equal(32, e.Line);
        Assert.Contains("must be a number, got ''", e.Message);
        Assert.Contains("smpExample.xml:32", e.Message);
        Assert.Contains("Actor[1]/Position/dCoord[1]", e.Path);
    }

    [Theory]
    [InlineData("x,d,2,1\nActor,Desc,Power,P Position,P Salience\nA,a,10,50,50\n", 1, "declares 2 actors")]
    [InlineData("x,d,1,1\nActor,Desc,Power,P Position,P Salience\nA,a,ten,50,50\n", 3, "capability must be a number")]
    [InlineData("x,d,1,1\nActor,Desc,Power,P Position,P Salience\nA,a,10,150,50\n", 3, "outside 0..100")]
    [InlineData("x,d,1,2\nActor,Desc,Power,P Position,P Salience\n", 2, "header has 5 columns")]
    [InlineData("x,d,1,1\nActor,Desc,Power,P Position,P Salience\nA,a,10,50\n", 3, "needs 5")]
    public void Malformed_ktab_csv_gives_located_errors(string text, int line, string message)
    {
        var e = Assert.Throws<ForecastInputException>(() => KtabCsvReader.Read(text, "bad.csv"));
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"bad.csv:{line}", e.Message);
    }

    [Theory]
    [InlineData("<Scenario><Actors><Actor><name>A</name><capability>1</capability><Position><dCoord>5</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor>", "not well-formed")]
    [InlineData("<Scenario><ModelParameters><VotingRule>Majority</VotingRule></ModelParameters><Actors><Actor><name>A</name><capability>1</capability><Position><dCoord>5</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor></Actors></Scenario>", "'Majority' is not one of")]
    [InlineData("<Scenario><Actors><Actor><name>A</name><capability>1</capability><Position><dCoord>5</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor></Actors><IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>Zed</referencePos><adjust>0.5</adjust></iaPair></IdealAdjustment></Scenario>", "unknown actor 'Zed'")]
    [InlineData("<Scenario><Actors><Actor><name>A</name><capability>-1</capability><Position><dCoord>5</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor></Actors></Scenario>", "capability must be positive")]
    [InlineData("<Scenario><Actors><Actor><name>A</name><capability>1</capability><Position><dCoord>5</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor><Actor><name>B</name><capability>1</capability><Position><dCoord>9</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor></Actors><IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos><adjust>0.5</adjust></iaPair></IdealAdjustment></Scenario>", "ideal adjustments of 'A' sum to 1.5")]
    public void Malformed_ktab_xml_gives_located_errors(string text, string message)
    {
        var e = Assert.Throws<ForecastInputException>(() => KtabXmlReader.Read(text, "bad.xml"));
        Assert.Contains(message, e.Message);
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void Reads_the_classic_bdm_tables()
    {
        var eu = BdmCsvReader.ReadFile(TestFiles.Path("bdm", "EU_emissions_BDM1994_ExampleActors.csv"));
        Assert.Equal(10, eu.ActorCount);
        Assert.Equal((4.0, 10.0), (eu.Dimensions[0].Min, eu.Dimensions[0].Max));
        Assert.Equal(0.9, eu.Actors.Single(a => a.Name == "UK").Stances[0].Salience.Value);

        // CR-only line ends, "Resources" column and 0–100 saliences.
        var china = BdmCsvReader.ReadFile(TestFiles.Path("bdm", "China1989_ChinaData.csv"));
        Assert.Equal(24, china.ActorCount);
        var deng = china.Actors.Single(a => a.Name == "Shangkun");
        Assert.Equal((100.0, 20.0, 0.85), (deng.Capability.Value, deng.Stances[0].Position.Value, deng.Stances[0].Salience.Value));

        Assert.Equal(17, BdmCsvReader.ReadFile(TestFiles.Path("bdm", "Sultan.csv")).ActorCount);
        Assert.Equal(5, BdmCsvReader.ReadFile(TestFiles.Path("bdm", "HondurasNicaragua_HondurasCrisisData.csv")).ActorCount);
    }

    [Theory]
    [InlineData("Actor,Capability,Position\nA,1,2\n", 1, "no 'salience' column")]
    [InlineData("Actor,Capability,Position,Salience\nA,1,2,0.5\nA,1,3,0.5\n", 3, "appears twice")]
    [InlineData("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,0,3,0.5\n", 3, "capability must be positive")]
    [InlineData("Actor,Capability,Position,Salience\nA,1,x,0.5\n", 2, "position must be a number")]
    public void Malformed_bdm_csv_gives_located_errors(string text, int line, string message)
    {
        var e = Assert.Throws<ForecastInputException>(() => BdmCsvReader.Read(text, "bad.csv"));
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
    }

    private const string OneActorXml = "<Scenario><Actors><Actor><name>A</name><capability>CAP</capability><Position><dCoord>5</dCoord></Position><Salience><dSal>5</dSal></Salience></Actor></Actors></Scenario>";

    [Fact]
    public void Xml_with_a_dtd_is_refused_with_its_line()
    {
        // An external entity used to be resolved to an empty string without a word; no DTD is read now.
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE Scenario [ <!ENTITY cap SYSTEM \"file:///etc/hostname\"> ]>\n" +
                   OneActorXml.Replace("CAP", "&cap;");
        var e = Assert.Throws<ForecastInputException>(() => KtabXmlReader.Read(text, "dtd.xml"));
        Assert.Equal(2, e.Line);
        Assert.Contains("DTD", e.Message);
        Assert.StartsWith("dtd.xml:2:", e.Message);
    }

    [Theory]
    [InlineData("1e308", "outside 1E-12..1E+12")]
    [InlineData("1e-300", "outside 1E-12..1E+12")]
    [InlineData("0", "must be positive")]
    public void Xml_capability_out_of_bounds_is_located(string capability, string words)
    {
        var e = Assert.Throws<ForecastInputException>(() => KtabXmlReader.Read(OneActorXml.Replace("CAP", capability), "cap.xml"));
        Assert.Contains(words, e.Message);
        Assert.Contains("capability", e.Message);
        Assert.Equal("Scenario/Actors/Actor/capability", e.Path);
        Assert.Equal(1, e.Line);
    }

    [Theory]
    [InlineData("x,d,2,1\nActor,Desc,Power,P Position,P Salience\nA,a,1e308,50,50\nB,b,10,20,50\n", 3, 3, "capability 1E+308 is outside")]
    [InlineData("x,d,2,1\nActor,Desc,Power,P Position,P Salience\nA,a,10,50,50\nB,b,1e13,20,50\n", 4, 3, "capability 1E+13 is outside")]
    public void Ktab_csv_capability_out_of_bounds_is_located(string text, int line, int column, string words)
    {
        var e = Assert.Throws<ForecastInputException>(() => KtabCsvReader.Read(text, "cap.csv"));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(words, e.Message);
    }

    [Theory]
    [InlineData("Actor,Capability,Position,Salience\nA,1e308,2,0.5\nB,1,3,0.5\n", 2, 2, "capability 1E+308 is outside")]
    [InlineData("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,1e308,0.5\n", 3, 3, "position 1E+308 is outside")]
    [InlineData("Actor,Capability,Position,Salience\nA,1,-2e9,0.5\nB,1,3,0.5\n", 2, 3, "position -2E+09 is outside")]
    [InlineData("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,Infinity,0.5\n", 3, 3, "must be a number")]
    [InlineData("Actor,Capability,Position,Salience\nA,NaN,2,0.5\nB,1,3,0.5\n", 2, 2, "must be a number")]
    public void Bdm_numbers_out_of_bounds_are_located(string text, int line, int column, string words)
    {
        var e = Assert.Throws<ForecastInputException>(() => BdmCsvReader.Read(text, "bdm.csv"));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(words, e.Message);
        Assert.StartsWith($"bdm.csv:{line}:{column}", e.Message);
    }

    [Fact]
    public void Capabilities_at_the_bounds_run_to_finite_results_in_both_engines()
    {
        // The extreme ratio the bounds allow (1e12 : 1e-12), under SMP's Octic victory model (strengths^8), stays finite.
        var model = TestFiles.OneDimension(("A", 1e12, 10, 1), ("B", 1e-12, 90, 1), ("C", 1e12, 50, 0.5), ("D", 1e-12, 70, 1));
        var smp = new Parley.Forecast.Smp.SmpEngine(new Parley.Forecast.Smp.SmpOptions { VictoryProbModel = Parley.Forecast.Smp.VictoryProbModel.Octic }).Run(model);
        var eum = new Parley.Forecast.Eum.EumEngine().Run(model);
        foreach (var r in new[] { smp, eum })
        {
            Assert.All(r.Forecasts, f => Assert.True(double.IsFinite(f.Forecast) && double.IsFinite(f.WeightedMean)));
            foreach (var round in r.Rounds) foreach (var x in round) Assert.True(double.IsFinite(x));
        }
    }
}

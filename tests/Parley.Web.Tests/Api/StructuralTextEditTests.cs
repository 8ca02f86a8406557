using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Core.Format;
using Parley.Web.Services;
using Parley.Web.Tests.Storage;

namespace Parley.Web.Tests.Api;

/// <summary>
/// Red lines and proposals added, removed and replaced in the kept text. Every expected text is the uploaded
/// string with lines added or removed by hand; the edited text must reload as the model edited in memory,
/// and the diff between the versions must show exactly the changed lines.
/// </summary>
public sealed class StructuralTextEditTests : ApiTestBase
{
    /// <summary>Block and flow lists with comments above, inside, after and at the end of their items.</summary>
    private const string Lake = """
        # Lake with lists: comments around them, block and flow styles.
        id: lake
        title: Lake dispute
        issues:
          - id: shore
            name: Shore line
            options: [{id: north, label: North shore}, {id: south, label: South shore}]
          - id: fish
            name: Fishing
            options: [{id: shared, label: Shared}, {id: closed, label: Closed}]
        parties:
          - {id: N, name: Northland, role: belligerent}
          - {id: S, name: Southland, role: belligerent}
        sources:
          - {id: brief, title: Briefing}
        preferences:
          S:
            reservation: 0.4
            weights: {shore: 0.75, fish: 0.25}
            values:
              shore: {north: 0, south: 1}
              fish: {shared: 0.6, closed: 0.2}
            # Southland's red lines, from the briefing
            red_lines:
              - id: no-north   # the shore is theirs
                description: Northland keeps the shore
                when: {shore: north}
              # a closed lake is as bad
              - id: no-closed
                when: {fish: closed}
                cite: {source: brief, quote: "never a closed lake"}
            # end of Southland
          N:
            reservation: 0.35
            weights: {shore: 0.5, fish: 0.5}
            values:
              shore: {north: 1, south: 0}
              fish: {shared: 1, closed: 0}
            red_lines: [{id: n-south, when: {shore: south}}, {when: {fish: [closed]}}]   # two in a row
        # what has been put on the table
        proposals:
          # the mediator's first try
          - id: mediator
            name: Mediator's package
            author: UN envoy
            date: 2024-03
            terms: {shore: south, fish: shared}   # split
          - {id: north-plan, name: Northern plan, author: Northland, party: N, terms: {shore: north}}
        # after the proposals
        agreement: {required: [N, S]}
        conflict:   # owned by the stability engine
          status_quo: [n_fish]
          decision_makers:
            N:
              options:
                n_fish: {label: "Fish the lake"}
              priorities: [n_fish]
            S:
              options:
                s_close: {label: "Close the lake"}
              priorities: ["not n_fish"]
        """ + "\n";

    private const string LakeJson = """
        {"id": "lake", "title": "Lake dispute",
          "issues": [{"id": "shore", "name": "Shore line", "options": [{"id": "north", "label": "North shore"}, {"id": "south", "label": "South shore"}]},
                     {"id": "fish", "name": "Fishing", "options": [{"id": "shared", "label": "Shared"}, {"id": "closed", "label": "Closed"}]}],
          "parties": [{"id": "N", "name": "Northland", "role": "belligerent"}, {"id": "S", "name": "Southland", "role": "belligerent"}],
          "sources": [{"id": "brief", "title": "Briefing"}],
          "preferences": {
            "S": {"reservation": 0.4, "weights": {"shore": 0.75, "fish": 0.25},
                  "values": {"shore": {"north": 0, "south": 1}, "fish": {"shared": 0.6, "closed": 0.2}},
                  "red_lines": [{"id": "no-north", "when": {"shore": "north"}}, {"id": "no-closed", "when": {"fish": "closed"}}]},
            "N": {"reservation": 0.35, "weights": {"shore": 0.5, "fish": 0.5},
                  "values": {"shore": {"north": 1, "south": 0}, "fish": {"shared": 1, "closed": 0}}}},
          "proposals": [
            {"id": "mediator", "name": "Mediator's package", "author": "UN envoy", "date": "2024-03", "terms": {"shore": "south", "fish": "shared"}},
            {"id": "north-plan", "name": "Northern plan", "author": "Northland", "party": "N", "terms": {"shore": "north"}}
          ],
          "agreement": {"required": ["N", "S"]}
        }
        """;

    private const string NewSouthRedLine = """{"op": "add-red-line", "party": "S", "id": "no-shared", "description": "Shared: never", "when": {"shore": ["north", "south"], "fish": ["shared"]}}""";
    private const string NewNorthRedLine = """{"op": "add-red-line", "party": "N", "id": "n-closed", "when": {"fish": ["closed"]}}""";
    private const string NewProposal = """{"op": "set-proposal", "id": "swap", "name": "Swap", "author": "Ann", "date": "2024-05", "terms": {"shore": "north", "fish": "closed"}, "description": "a swap, for now"}""";

    private static string Remove(string text, string lines) => Replace(text, lines, "");

    /// <summary>Replaces exactly one occurrence, so an expected text cannot silently miss its target.</summary>
    private static string Replace(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"'{from}' must occur exactly once");
        return text[..at] + to + text[(at + from.Length)..];
    }

    private static IReadOnlyList<string> DiffLines(string diff, char kind) =>
        diff.Split('\n').Where(l => l.Length > 0 && l[0] == kind).Select(l => l[1..]).ToList();

    private static IReadOnlyList<string> LinesOf(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Uploads <paramref name="uploaded"/>, applies <paramref name="edits"/> and checks that the text was edited
    /// in place to <paramref name="expected"/>, reloads as the model edited in memory, and diffs as exactly
    /// <paramref name="removed"/> and <paramref name="added"/>.
    /// </summary>
    private async Task EditsInPlace(string uploaded, string fileName, string edits, string expected, string removed, string added)
    {
        var upload = await _client.PostAsync($"/api/scenarios?author=ann&fileName={fileName}", new StringContent(uploaded, Encoding.UTF8));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var response = await _client.PostAsync("/api/scenarios/lake/edits", new StringContent(
            $$"""{"baseVersion": 1, "author": "bob", "message": "test edit", "edits": [{{edits}}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
        Assert.True(!saved.Warnings.Any(w => w.Code == ScenarioLibrary.TextRegenerated), string.Join("; ", saved.Warnings.Select(w => w.Message)));
        var versions = await _client.GetFromJsonAsync<JsonElement>("/api/scenarios/lake/versions");
        Assert.Equal("test edit", versions[0].GetProperty("message").GetString());

        var exported = await _client.GetStringAsync($"/api/scenarios/lake/versions/{saved.Version}/export");
        Assert.Equal(expected, exported);
        if (fileName.EndsWith(".json", StringComparison.Ordinal))
        {
            using var parsed = JsonDocument.Parse(exported);
            Assert.Equal("json", versions[0].GetProperty("sourceFormat").GetString());
        }

        var inMemory = ScenarioEditor.Apply(ScenarioLoader.LoadText(uploaded, fileName).GetOrThrow(),
            JsonSerializer.Deserialize<List<ScenarioEdit>>($"[{edits}]", Json)!);
        Assert.Null(ModelComparer.FirstDifference(inMemory, ScenarioLoader.LoadText(exported, fileName).GetOrThrow()));

        var diff = await _client.GetStringAsync($"/api/scenarios/lake/versions/{saved.Version}/diff");
        Assert.Equal(LinesOf(removed), DiffLines(diff, '-'));
        Assert.Equal(LinesOf(added), DiffLines(diff, '+'));
    }

    private const string NoNorth = """
              - id: no-north   # the shore is theirs
                description: Northland keeps the shore
                when: {shore: north}

        """;

    private const string NoClosed = """
              - id: no-closed
                when: {fish: closed}
                cite: {source: brief, quote: "never a closed lake"}

        """;

    private const string Mediator = """
          - id: mediator
            name: Mediator's package
            author: UN envoy
            date: 2024-03
            terms: {shore: south, fish: shared}   # split

        """;

    private const string NorthPlan = "  - {id: north-plan, name: Northern plan, author: Northland, party: N, terms: {shore: north}}\n";
    private const string NorthRedLines = "    red_lines: [{id: n-south, when: {shore: south}}, {when: {fish: [closed]}}]   # two in a row\n";

    [Fact]
    public Task Removing_the_first_block_red_line_removes_its_lines_and_keeps_the_comment_below() =>
        EditsInPlace(Lake, "lake.yaml", """{"op": "remove-red-line", "party": "S", "index": 0}""",
            Remove(Lake, NoNorth), removed: NoNorth, added: "");

    [Fact]
    public Task Removing_the_last_block_red_line_keeps_the_comment_above_it() =>
        EditsInPlace(Lake, "lake.yaml", """{"op": "remove-red-line", "party": "S", "index": 1}""",
            Remove(Lake, NoClosed), removed: NoClosed, added: "");

    [Fact]
    public Task Removing_every_block_red_line_leaves_an_empty_list() =>
        EditsInPlace(Lake, "lake.yaml", """{"op": "remove-red-line", "party": "S", "index": 1}, {"op": "remove-red-line", "party": "S", "index": 0}""",
            Remove(Remove(Replace(Lake, "    red_lines:\n", "    red_lines: []\n"), NoNorth), NoClosed),
            removed: "    red_lines:\n" + NoNorth + NoClosed, added: "    red_lines: []\n");

    [Theory]
    [InlineData(0, "    red_lines: [{when: {fish: [closed]}}]   # two in a row\n")]
    [InlineData(1, "    red_lines: [{id: n-south, when: {shore: south}}]   # two in a row\n")]
    public Task Removing_a_flow_red_line_removes_the_item_and_its_comma(int index, string line) =>
        EditsInPlace(Lake, "lake.yaml", $$"""{"op": "remove-red-line", "party": "N", "index": {{index}}}""",
            Replace(Lake, NorthRedLines, line), removed: NorthRedLines, added: line);

    [Fact]
    public Task A_red_line_added_to_a_block_list_takes_the_layout_of_its_siblings()
    {
        const string added = """
                  - id: no-shared
                    description: "Shared: never"
                    when: {shore: [north, south], fish: shared}

            """;
        return EditsInPlace(Lake, "lake.yaml", NewSouthRedLine, Replace(Lake, NoClosed, NoClosed + added), removed: "", added: added);
    }

    [Fact]
    public Task A_red_line_added_to_a_flow_list_follows_a_comma()
    {
        const string line = "    red_lines: [{id: n-south, when: {shore: south}}, {when: {fish: [closed]}}, {id: n-closed, when: {fish: closed}}]   # two in a row\n";
        return EditsInPlace(Lake, "lake.yaml", NewNorthRedLine, Replace(Lake, NorthRedLines, line), removed: NorthRedLines, added: line);
    }

    [Fact]
    public Task Removing_a_block_proposal_removes_its_lines_with_its_end_comment_and_keeps_the_comment_above() =>
        EditsInPlace(Lake, "lake.yaml", """{"op": "remove-proposal", "id": "mediator"}""", Remove(Lake, Mediator), removed: Mediator, added: "");

    [Fact]
    public Task Removing_a_flow_proposal_removes_its_line() =>
        EditsInPlace(Lake, "lake.yaml", """{"op": "remove-proposal", "id": "north-plan"}""", Remove(Lake, NorthPlan), removed: NorthPlan, added: "");

    [Fact]
    public Task A_new_proposal_takes_the_style_of_the_last_one()
    {
        const string line = "  - {id: swap, name: Swap, author: Ann, date: 2024-05, terms: {shore: north, fish: closed}, description: \"a swap, for now\"}\n";
        return EditsInPlace(Lake, "lake.yaml", NewProposal, Replace(Lake, NorthPlan, NorthPlan + line), removed: "", added: line);
    }

    [Fact]
    public Task A_replaced_block_proposal_is_rewritten_in_place_and_keeps_the_comment_after_it()
    {
        // Written by the scenario writer's quoting rule: an apostrophe is quoted.
        const string replaced = """
              - id: mediator
                name: "Mediator's second package"
                author: UN envoy
                date: 2024-04
                terms: {shore: south, fish: closed}   # split

            """;
        return EditsInPlace(Lake, "lake.yaml",
            """{"op": "set-proposal", "id": "mediator", "name": "Mediator's second package", "author": "UN envoy", "date": "2024-04", "terms": {"shore": "south", "fish": "closed"}}""",
            Replace(Lake, Mediator, replaced),
            removed: "    name: Mediator's package\n    date: 2024-03\n    terms: {shore: south, fish: shared}   # split\n",
            added: "    name: \"Mediator's second package\"\n    date: 2024-04\n    terms: {shore: south, fish: closed}   # split\n");
    }

    [Fact]
    public Task A_replaced_flow_proposal_stays_one_line()
    {
        const string line = "  - {id: north-plan, name: Northern plan, author: Northland, party: N, terms: {shore: north, fish: closed}}\n";
        return EditsInPlace(Lake, "lake.yaml",
            """{"op": "set-proposal", "id": "north-plan", "name": "Northern plan", "author": "Northland", "party": "N", "terms": {"shore": "north", "fish": "closed"}}""",
            Replace(Lake, NorthPlan, line), removed: NorthPlan, added: line);
    }

    [Fact]
    public Task Absent_lists_are_added_as_one_flow_line_at_the_end_of_their_mapping()
    {
        // N without red lines and no proposals at all.
        var uploaded = Remove(Remove(Lake, NorthRedLines), "# what has been put on the table\nproposals:\n  # the mediator's first try\n" + Mediator + NorthPlan);
        const string redLines = "    red_lines: [{id: n-closed, when: {fish: closed}}]\n";
        const string proposals = "proposals: [{id: swap, name: Swap, author: Ann, date: 2024-05, terms: {shore: north, fish: closed}, description: \"a swap, for now\"}]\n";
        var expected = Replace(uploaded, "      fish: {shared: 1, closed: 0}\n", "      fish: {shared: 1, closed: 0}\n" + redLines) + proposals;
        return EditsInPlace(uploaded, "lake.yaml", NewNorthRedLine + ", " + NewProposal, expected, removed: "", added: redLines + proposals);
    }

    [Fact]
    public Task Structural_and_number_edits_combine_in_one_save()
    {
        var expected = Replace(Remove(Lake, NoNorth), "    reservation: 0.35\n", "    reservation: 0.3\n");
        return EditsInPlace(Lake, "lake.yaml",
            """{"op": "remove-red-line", "party": "S", "index": 0}, {"op": "set-reservation", "party": "N", "value": 0.3}""",
            expected, removed: NoNorth + "    reservation: 0.35\n", added: "    reservation: 0.3\n");
    }

    [Fact]
    public async Task Lines_added_to_a_crlf_text_end_in_crlf_too()
    {
        var uploaded = Lake.Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/scenarios?author=ann&fileName=lake.yaml", new StringContent(uploaded, Encoding.UTF8))).StatusCode);
        const string added = "      - id: n2\n        when: {fish: shared}\n";
        var response = await _client.PostAsync("/api/scenarios/lake/edits", new StringContent("""
            {"baseVersion": 1, "author": "bob", "message": "m", "edits": [{"op": "add-red-line", "party": "S", "id": "n2", "when": {"fish": ["shared"]}},
              {"op": "remove-proposal", "id": "mediator"}]}
            """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var expected = Remove(Replace(Lake, NoClosed, NoClosed + added), Mediator).Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Equal(expected, await _client.GetStringAsync("/api/scenarios/lake/versions/2/export"));
    }

    private const string JsonSouthRedLines = """          "red_lines": [{"id": "no-north", "when": {"shore": "north"}}, {"id": "no-closed", "when": {"fish": "closed"}}]},""" + "\n";
    private const string JsonNorthValues = """          "values": {"shore": {"north": 1, "south": 0}, "fish": {"shared": 1, "closed": 0}}}},""" + "\n";
    private const string JsonMediator = """    {"id": "mediator", "name": "Mediator's package", "author": "UN envoy", "date": "2024-03", "terms": {"shore": "south", "fish": "shared"}},""" + "\n";
    private const string JsonNorthPlan = """    {"id": "north-plan", "name": "Northern plan", "author": "Northland", "party": "N", "terms": {"shore": "north"}}""" + "\n";

    [Fact]
    public Task Json_removing_a_red_line_removes_the_item_and_its_comma()
    {
        const string line = """          "red_lines": [{"id": "no-closed", "when": {"fish": "closed"}}]},""" + "\n";
        return EditsInPlace(LakeJson, "lake.json", """{"op": "remove-red-line", "party": "S", "index": 0}""",
            Replace(LakeJson, JsonSouthRedLines, line), removed: JsonSouthRedLines, added: line);
    }

    [Fact]
    public Task Json_a_red_line_added_to_a_list_is_json_with_quoted_keys()
    {
        const string line = """          "red_lines": [{"id": "no-north", "when": {"shore": "north"}}, {"id": "no-closed", "when": {"fish": "closed"}}, {"id": "no-shared", "description": "Shared: never", "when": {"shore": ["north", "south"], "fish": "shared"}}]},""" + "\n";
        return EditsInPlace(LakeJson, "lake.json", NewSouthRedLine, Replace(LakeJson, JsonSouthRedLines, line), removed: JsonSouthRedLines, added: line);
    }

    [Fact]
    public Task Json_an_absent_red_line_list_is_a_new_key_on_a_line_of_its_own()
    {
        const string lines = """
                      "values": {"shore": {"north": 1, "south": 0}, "fish": {"shared": 1, "closed": 0}},
                      "red_lines": [{"id": "n-closed", "when": {"fish": "closed"}}]}},

            """;
        return EditsInPlace(LakeJson, "lake.json", NewNorthRedLine, Replace(LakeJson, JsonNorthValues, lines), removed: JsonNorthValues, added: lines);
    }

    [Fact]
    public Task Json_removing_proposals_keeps_the_list_valid() =>
        EditsInPlace(LakeJson, "lake.json", """{"op": "remove-proposal", "id": "mediator"}""", Remove(LakeJson, JsonMediator), removed: JsonMediator, added: "");

    [Fact]
    public Task Json_removing_the_last_proposal_removes_the_comma_before_it()
    {
        var withoutComma = JsonMediator.Replace("}},\n", "}}\n", StringComparison.Ordinal);
        return EditsInPlace(LakeJson, "lake.json", """{"op": "remove-proposal", "id": "north-plan"}""",
            Replace(LakeJson, JsonMediator + JsonNorthPlan, withoutComma), removed: JsonMediator + JsonNorthPlan, added: withoutComma);
    }

    [Fact]
    public Task Json_a_new_proposal_goes_on_a_line_of_its_own_like_its_siblings()
    {
        const string line = """    {"id": "swap", "name": "Swap", "author": "Ann", "date": "2024-05", "terms": {"shore": "north", "fish": "closed"}, "description": "a swap, for now"}""" + "\n";
        var withComma = JsonNorthPlan.Replace("}}\n", "}},\n", StringComparison.Ordinal);
        return EditsInPlace(LakeJson, "lake.json", NewProposal, Replace(LakeJson, JsonNorthPlan, withComma + line), removed: JsonNorthPlan, added: withComma + line);
    }

    [Fact]
    public Task Json_a_replaced_proposal_changes_only_its_line()
    {
        const string line = """    {"id": "mediator", "name": "Mediator's package", "author": "UN envoy", "date": "2024-03", "terms": {"shore": "south", "fish": "closed"}},""" + "\n";
        return EditsInPlace(LakeJson, "lake.json",
            """{"op": "set-proposal", "id": "mediator", "name": "Mediator's package", "author": "UN envoy", "date": "2024-03", "terms": {"shore": "south", "fish": "closed"}}""",
            Replace(LakeJson, JsonMediator, line), removed: JsonMediator, added: line);
    }

    [Theory]
    // Items one per line in a flow list with a comment between them: which item the comment belongs to is unclear.
    [InlineData("    red_lines: [\n      {id: n-south, when: {shore: south}},   # the south\n      {when: {fish: [closed]}}\n    ]\n",
        """{"op": "remove-red-line", "party": "N", "index": 1}""", "a comment stands between the items of preferences.N.red_lines")]
    // An anchored list may be repeated elsewhere by an alias, so editing it in place could edit more than asked.
    [InlineData("    red_lines: &north [{id: n-south, when: {shore: south}}]\n",
        NewNorthRedLine, "preferences.N.red_lines has an anchor (&north)")]
    public async Task Edits_the_text_cannot_take_in_place_are_regenerated_and_say_why(string northRedLines, string edit, string reason)
    {
        var uploaded = Replace(Lake, NorthRedLines, northRedLines);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/scenarios?author=ann&fileName=lake.yaml", new StringContent(uploaded, Encoding.UTF8))).StatusCode);
        var response = await _client.PostAsync("/api/scenarios/lake/edits", new StringContent(
            $$"""{"baseVersion": 1, "author": "bob", "message": "m", "edits": [{{edit}}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = (await response.Content.ReadFromJsonAsync<ImportResponse>(Json))!;
        Assert.Contains(saved.Warnings, w => w.Code == ScenarioLibrary.TextRegenerated && w.Message.Contains(reason));
        var versions = await _client.GetFromJsonAsync<JsonElement>("/api/scenarios/lake/versions");
        Assert.StartsWith($"m [text regenerated from the model ({reason}", versions[0].GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, versions[0].GetProperty("sourceFormat").ValueKind);

        // The regenerated YAML holds the model the edit gives.
        var inMemory = ScenarioEditor.Apply(ScenarioLoader.LoadText(uploaded, "lake.yaml").GetOrThrow(), JsonSerializer.Deserialize<List<ScenarioEdit>>($"[{edit}]", Json)!);
        var regenerated = await _client.GetStringAsync("/api/scenarios/lake/versions/2/export");
        Assert.Null(ModelComparer.FirstDifference(inMemory, ScenarioLoader.LoadText(regenerated, "lake.yaml").GetOrThrow()));
    }
}

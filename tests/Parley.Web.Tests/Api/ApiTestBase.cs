using System.Text.Json;

namespace Parley.Web.Tests.Api;

/// <summary>A workbench on its own fresh database for each test, reached through an in-process client.</summary>
public abstract class ApiTestBase : IDisposable
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    protected readonly string _database = TestPaths.NewDatabase();
    protected readonly ParleyFactory _factory;
    protected readonly HttpClient _client;

    protected ApiTestBase()
    {
        _factory = new ParleyFactory(_database);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _factory.Dispose();
        TestPaths.DeleteDatabase(_database);
        GC.SuppressFinalize(this);
    }
}

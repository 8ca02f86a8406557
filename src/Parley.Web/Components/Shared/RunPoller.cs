using Microsoft.AspNetCore.Components;

namespace Parley.Web.Components.Shared;

/// <summary>
/// A page that shows runs refreshes itself twice a second while one of them is running, so progress moves
/// and results appear without a reload; the analysis itself runs on a background task, never on the circuit.
/// </summary>
public abstract class RunPoller : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Reload state; return true while something is still running.</summary>
    protected abstract bool Refresh();

    protected void EnsurePolling()
    {
        if (_loop is { IsCompleted: false }) return;
        _loop = Poll();
    }

    private async Task Poll()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var running = false;
                await InvokeAsync(() =>
                {
                    running = Refresh();
                    StateHasChanged();
                });
                if (!running) return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        GC.SuppressFinalize(this);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uam.Experiments.Reporting;

/// <summary>A headless Chromium (Debian's <c>chromium</c>) driven over the DevTools protocol: load a page from disk,
/// collect its console errors, uncaught exceptions and network requests, evaluate script, take a screenshot. Used to
/// test the HTML report in a real browser and to picture it for the README.</summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;
    private string _session = "";

    /// <summary>Console errors, uncaught exceptions and failed loads of the page since it was loaded.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Every URL the page requested that is not the page itself or inline data.</summary>
    public ConcurrentQueue<string> ExternalRequests { get; } = new();

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser's executable: $UAM_CHROMIUM, or chromium / chromium-browser / google-chrome on the PATH.</summary>
    public static string? Executable() =>
        Environment.GetEnvironmentVariable("UAM_CHROMIUM") is { Length: > 0 } configured ? configured
        : new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    public static async Task<HeadlessChromium> Start(int width, int height, TimeSpan timeout)
    {
        string executable = Executable() ?? throw new InvalidOperationException("no Chromium found: install Debian's chromium (scripts/prerequisites.sh) or set UAM_CHROMIUM.");
        string profile = Path.Combine(Path.GetTempPath(), $"uam-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                     "--disable-background-networking", "--disable-sync", "--hide-scrollbars", "--remote-debugging-port=0",
                     $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stderr) stderr.AppendLine(e.Data);
                const string marker = "DevTools listening on ";
                int at = e.Data.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) endpoint.TrySetResult(e.Data[(at + marker.Length)..].Trim());
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            using var timer = new CancellationTokenSource(timeout);
            await using (timer.Token.Register(() => endpoint.TrySetException(new TimeoutException($"{executable} did not open its DevTools endpoint within {timeout.TotalSeconds} s: {stderr}"))))
            {
                string url = await endpoint.Task;
                await browser._socket.ConnectAsync(new Uri(url), timer.Token);
            }
            browser._reader = Task.Run(browser.ReadLoop);
            JsonElement target = await browser.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: false);
            JsonElement attached = await browser.Send("Target.attachToTarget",
                new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, session: false);
            browser._session = attached.GetProperty("sessionId").GetString()!;
            foreach (string domain in new[] { "Runtime.enable", "Log.enable", "Network.enable", "Page.enable" }) await browser.Send(domain);
            await browser.Send("Emulation.setDeviceMetricsOverride",
                new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads a file and waits until <c>document.body.dataset.ready</c> is "true" (the report's script sets it
    /// when every chart is drawn) or the page has loaded and <paramref name="timeout"/> passed.</summary>
    public async Task Load(string file, TimeSpan timeout)
    {
        string url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        await Send("Page.navigate", new JsonObject { ["url"] = url });
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await Evaluate("document.readyState === 'complete' && document.body !== null && document.body.dataset.ready === 'true'") is { ValueKind: JsonValueKind.True })
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{file} was not ready within {timeout.TotalSeconds} s (errors: {string.Join("; ", Errors)})");
    }

    /// <summary>The value of a JavaScript expression (returned by value, promises awaited).</summary>
    public async Task<JsonElement> Evaluate(string expression)
    {
        JsonElement result = await Send("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result.TryGetProperty("exceptionDetails", out JsonElement exception))
            throw new InvalidOperationException($"script failed: {exception}");
        return result.GetProperty("result").TryGetProperty("value", out JsonElement value) ? value.Clone() : default;
    }

    /// <summary>A PNG of the page from <paramref name="top"/> (CSS pixels from the top), <paramref name="height"/> tall at most.</summary>
    public async Task<byte[]> Screenshot(int width, int height, double top = 0)
    {
        JsonElement metrics = await Send("Page.getLayoutMetrics");
        double pageHeight = metrics.GetProperty("cssContentSize").GetProperty("height").GetDouble();
        top = Math.Clamp(top, 0, Math.Max(0, pageHeight - 1));
        JsonElement shot = await Send("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png", ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = top, ["width"] = width, ["height"] = Math.Min(height, pageHeight - top), ["scale"] = 1 },
        });
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private async Task<JsonElement> Send(string method, JsonObject? parameters = null, bool session = true)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session) message["sessionId"] = _session;
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        Task finished = await Task.WhenAny(reply.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != reply.Task) throw new TimeoutException($"Chromium did not answer {method} within 60 s");
        return await reply.Task;
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                message.SetLength(0);
                WebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer, _stop.Token);
                    message.Write(buffer, 0, received.Count);
                } while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
                if (received.MessageType == WebSocketMessageType.Close) break;
                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException("Chromium closed the connection"));
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out JsonElement id))
        {
            if (!_pending.TryRemove(id.GetInt32(), out var reply)) return;
            if (message.TryGetProperty("error", out JsonElement error)) reply.TrySetException(new InvalidOperationException($"Chromium: {error}"));
            else reply.TrySetResult(message.GetProperty("result").Clone());
            return;
        }
        string method = message.GetProperty("method").GetString() ?? "";
        JsonElement p = message.TryGetProperty("params", out JsonElement value) ? value : default;
        switch (method)
        {
            case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                Errors.Enqueue("console: " + string.Join(" ", p.GetProperty("args").EnumerateArray()
                    .Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var d) ? d.GetString() : "?")));
                break;
            case "Runtime.exceptionThrown":
                JsonElement details = p.GetProperty("exceptionDetails");
                Errors.Enqueue("exception: " + (details.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var description)
                    ? description.GetString() : details.GetProperty("text").GetString()));
                break;
            case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                Errors.Enqueue("log: " + p.GetProperty("entry").GetProperty("text").GetString());
                break;
            case "Network.requestWillBeSent":
                string url = p.GetProperty("request").GetProperty("url").GetString() ?? "";
                if (!url.StartsWith("file:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal) && url != "about:blank")
                    ExternalRequests.Enqueue(url);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        await _reader.ConfigureAwait(false);
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's last writes may race the deletion; a leftover profile in /tmp is harmless.
        }
    }
}

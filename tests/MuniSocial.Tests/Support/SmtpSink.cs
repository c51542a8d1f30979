using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace MuniSocial.Tests.Support;

/// <summary>
/// A real SMTP server for the tests: Debian's python3-aiosmtpd writing every message to a Maildir.
/// (/usr/bin/python3: the pyenv python on PATH cannot import aiosmtpd.)
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process _process;

    public SmtpSink() : this(FreePort())
    {
    }

    /// <summary>A sink on a given port (e.g. one the app was configured with while no server listened there).</summary>
    public SmtpSink(int port)
    {
        Folder = Path.Combine(Path.GetTempPath(), "munisocial-mail", Guid.NewGuid().ToString("N"));
        // aiosmtpd makes the Maildir (tmp/new/cur) only when the folder does not exist yet.
        Directory.CreateDirectory(Path.GetDirectoryName(Folder)!);
        Port = port;
        _process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Folder])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("aiosmtpd did not start");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    public int Port { get; }
    public string Folder { get; }

    /// <summary>Every message received so far, parsed with MimeKit.</summary>
    public List<MimeMessage> Messages()
    {
        var dir = Path.Combine(Folder, "new");
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Select(f => MimeMessage.Load(f)).OrderBy(m => m.Date).ToList()
            : [];
    }

    public List<MimeMessage> To(string address) =>
        Messages().Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // the temp folder is cleaned by the OS
        }
    }

    private static readonly Lock PortLock = new();
    private static int _nextPort = 56170;

    /// <summary>
    /// A free port among 56170–56179, each handed out once per test process (test classes start their
    /// sinks in parallel), else any free port.
    /// </summary>
    public static int FreePort()
    {
        lock (PortLock)
        {
            for (; _nextPort <= 56179; _nextPort++)
            {
                if (IsFree(_nextPort))
                {
                    return _nextPort++;
                }
            }
        }
        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        var p = ((IPEndPoint)any.LocalEndpoint).Port;
        any.Stop();
        return p;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

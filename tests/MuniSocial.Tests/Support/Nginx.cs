using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MuniSocial.Tests.Support;

/// <summary>
/// A real nginx (the Debian package, as the city runs it) in front of app instances: started by the test with a config
/// file of its own in a temp folder (pid, logs and temp paths there, <c>daemon off</c>, one worker so that the
/// round-robin is strict), TLS terminated on <c>127.0.0.1:{free port}</c> with a self-signed certificate made here, and
/// <c>proxy_pass</c> to an <c>upstream</c> of the instances with the forwarded headers the deployment uses. nginx
/// connects to the instances from <see cref="ProxyAddress"/> (127.0.0.2, <c>proxy_bind</c>), so that only it is the
/// known proxy and a client on 127.0.0.1 is not. Never port 80, never the system's nginx. Stopped (the process tree
/// killed) when disposed.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    /// <summary>The address nginx connects to the instances from: the instances' <c>ForwardedHeaders:KnownProxies</c>.</summary>
    public const string ProxyAddress = "127.0.0.2";

    private readonly Process _process;
    private readonly string _folder;
    private readonly X509Certificate2 _certificate;

    private Nginx(Process process, string folder, X509Certificate2 certificate, Uri baseUri)
    {
        _process = process;
        _folder = folder;
        _certificate = certificate;
        BaseUri = baseUri;
    }

    /// <summary>https://127.0.0.1:{port}/</summary>
    public Uri BaseUri { get; }

    /// <summary>The nginx binary, or null when it is not installed (./test installs the Debian package).</summary>
    public static string? Binary =>
        new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    /// <summary>nginx's access log so far: one line per request, <c>{status} {upstream address} {method} {uri}</c>.</summary>
    public string AccessLog => File.Exists(Path.Combine(_folder, "access.log")) ? File.ReadAllText(Path.Combine(_folder, "access.log")) : "";

    public static async Task<Nginx> StartAsync(IReadOnlyList<Uri> upstreams)
    {
        var binary = Binary ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx; ./test does it)");
        var folder = Path.Combine(Path.GetTempPath(), "munisocial-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sns.city.nayoro.example", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("sns.city.nayoro.example");
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        // The port may be taken between the probe and nginx's bind (other tests start servers too): try again with another.
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), Config(folder, port, upstreams));
            var process = Process.Start(new ProcessStartInfo(binary)
            {
                ArgumentList = { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log") },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            if (await ListensAsync(process, port))
            {
                return new Nginx(process, folder, certificate, new Uri($"https://127.0.0.1:{port}/"));
            }
            var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
            last = new InvalidOperationException($"nginx did not start on 127.0.0.1:{port}: {await process.StandardError.ReadToEndAsync()} {log}");
            Stop(process);
        }
        certificate.Dispose();
        throw last!;
    }

    /// <summary>A client of the site through nginx: TLS (this nginx's certificate only), cookies kept unless told, no redirects followed.</summary>
    public HttpClient Client(bool cookies = true) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies,
        CookieContainer = new CookieContainer(),
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString() },
    })
    { BaseAddress = BaseUri };

    private static string Config(string folder, int port, IReadOnlyList<Uri> upstreams) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes 1;
        daemon off;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 512; }
        http {
            log_format upstream '$status $upstream_addr $request_method $request_uri';
            access_log {{folder}}/access.log upstream;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            client_max_body_size 60m;
            upstream munisocial {
        {{string.Join("\n", upstreams.Select(u => $"        server {u.Host}:{u.Port};"))}}
            }
            server {
                listen 127.0.0.1:{{port}} ssl;
                server_name sns.city.nayoro.example;
                ssl_certificate {{folder}}/cert.pem;
                ssl_certificate_key {{folder}}/key.pem;
                ssl_protocols TLSv1.2 TLSv1.3;
                location / {
                    proxy_pass http://munisocial;
                    proxy_bind {{ProxyAddress}};
                    proxy_http_version 1.1;
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header Connection "";
                    # A request is never replayed on the other instance (a POST may have been done there).
                    proxy_next_upstream off;
                }
            }
        }
        """);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Waits (at most 20 s) until nginx accepts connections on the port, or has exited.</summary>
    private static async Task<bool> ListensAsync(Process process, int port)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        return false;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // it has exited already
        }
        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process);
        _certificate.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a worker may still be closing a log file; the temp folder is cleaned by the OS
        }
        catch (UnauthorizedAccessException)
        {
            // temp folders nginx made for its worker user
        }
        return ValueTask.CompletedTask;
    }
}

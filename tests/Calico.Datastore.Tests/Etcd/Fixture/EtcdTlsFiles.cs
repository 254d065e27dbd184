using Calico.TestSupport.Etcd;

namespace Calico.Datastore.Tests.Etcd.Fixture;

/// <summary>A throw-away PKI made with openssl at test time: a CA, an etcd server cert, a client cert, and a client
/// cert from an unrelated CA (which the server must refuse).</summary>
internal sealed record EtcdTlsFiles(
    string CaCert,
    string ServerCert,
    string ServerKey,
    string ClientCert,
    string ClientKey,
    string RogueClientCert,
    string RogueClientKey)
{
    public static async Task<EtcdTlsFiles> CreateAsync(string dir, string serverIp)
    {
        Directory.CreateDirectory(dir);
        string P(string f) => Path.Combine(dir, f);

        await NewCaAsync(P("ca"), "calico-test-ca");
        await NewCaAsync(P("rogue-ca"), "calico-test-rogue-ca");
        await IssueAsync(P("server"), P("ca"), "etcd-server", $"subjectAltName=IP:{serverIp}\nextendedKeyUsage=serverAuth,clientAuth\n");
        await IssueAsync(P("client"), P("ca"), "calico-client", "extendedKeyUsage=clientAuth\n");
        await IssueAsync(P("rogue-client"), P("rogue-ca"), "calico-client", "extendedKeyUsage=clientAuth\n");
        return new EtcdTlsFiles(
            P("ca.crt"), P("server.crt"), P("server.key"), P("client.crt"), P("client.key"), P("rogue-client.crt"), P("rogue-client.key"));
    }

    private static Task NewCaAsync(string stem, string cn) => Shell.CheckAsync(
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", stem + ".key", "-out", stem + ".crt", "-days", "2", "-subj", "/CN=" + cn,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");

    private static async Task IssueAsync(string stem, string caStem, string cn, string extensions)
    {
        await Shell.CheckAsync(
            "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", stem + ".key", "-out", stem + ".csr", "-subj", "/CN=" + cn);
        await File.WriteAllTextAsync(stem + ".ext", "keyUsage=critical,digitalSignature,keyEncipherment\n" + extensions);
        await Shell.CheckAsync(
            "openssl", "x509", "-req", "-in", stem + ".csr", "-CA", caStem + ".crt", "-CAkey", caStem + ".key",
            "-CAcreateserial", "-out", stem + ".crt", "-days", "2", "-extfile", stem + ".ext");
    }
}

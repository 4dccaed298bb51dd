using System;
using SharpApi.Webhooks;

/// <summary>
/// Run by PackageTests with the stale library on the search path, in a process of its own since a
/// native library, once loaded, stays. Prints how each entry point answered, one line each, and
/// exits 0 only when all three refused with the version check's InvalidOperationException.
/// </summary>
internal static class StaleLibraryProbe
{
    private static int Main()
    {
        var body = new byte[] { (byte)'{', (byte)'}' };
        int refused = 0;
        refused += Refuses("Verifier", () => new Verifier("whsec_probe").Dispose());
        refused += Refuses("Sign", () => Verifier.Sign(body, "whsec_probe"));
        refused += Refuses("ParseUnverified", () => WebhookEvent.ParseUnverified(body));
        return refused == 3 ? 0 : 1;
    }

    private static int Refuses(string entryPoint, Action call)
    {
        try
        {
            call();
            Console.WriteLine(entryPoint + ": accepted the stale library");
            return 0;
        }
        catch (Exception error)
        {
            Console.WriteLine(entryPoint + ": " + error.GetType().Name + ": " + error.Message);
            return error.GetType() == typeof(InvalidOperationException) ? 1 : 0;
        }
    }
}

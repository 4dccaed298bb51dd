using System;
using SharpApi.Webhooks;

/// <summary>
/// Run by PackageTests in a process of its own, since a native library, once loaded, stays: with a
/// stale library on the search path or named by SHARPAPI_WEBHOOKS_LIBRARY, or a missing one. Prints
/// how each entry point answered, one line each ("accepted", or the exception's type and message),
/// and exits 0; the test judges the lines.
/// </summary>
internal static class StaleLibraryProbe
{
    private static int Main()
    {
        var body = new byte[] { (byte)'{', (byte)'}' };
        Report("Verifier", () => new Verifier("whsec_probe").Dispose());
        Report("Sign", () => Verifier.Sign(body, "whsec_probe"));
        Report("ParseUnverified", () => WebhookEvent.ParseUnverified(body));
        return 0;
    }

    private static void Report(string entryPoint, Action call)
    {
        try
        {
            call();
            Console.WriteLine(entryPoint + ": accepted");
        }
        catch (InvalidPayloadException)
        {
            // "{}" is no event: the library was loaded and answered.
            Console.WriteLine(entryPoint + ": accepted");
        }
        catch (Exception error)
        {
            Console.WriteLine(entryPoint + ": " + error.GetType().Name + ": " + error.Message.Replace('\n', ' '));
        }
    }
}

using System.Runtime.InteropServices;

namespace Calico.Sdk.Linux.Interop;

/// <summary>libnftables (the library behind <c>nft</c>): run nft command text in-process, no fork/exec.</summary>
internal static partial class LibNftables
{
    internal const string Lib = "libnftables.so.1";

    [LibraryImport(Lib, EntryPoint = "nft_ctx_new")]
    internal static partial nint CtxNew(uint flags);

    [LibraryImport(Lib, EntryPoint = "nft_ctx_free")]
    internal static partial void CtxFree(nint context);

    [LibraryImport(Lib, EntryPoint = "nft_ctx_buffer_output")]
    internal static partial int BufferOutput(nint context);

    [LibraryImport(Lib, EntryPoint = "nft_ctx_buffer_error")]
    internal static partial int BufferError(nint context);

    [LibraryImport(Lib, EntryPoint = "nft_ctx_get_output_buffer")]
    internal static partial nint GetOutputBuffer(nint context);

    [LibraryImport(Lib, EntryPoint = "nft_ctx_get_error_buffer")]
    internal static partial nint GetErrorBuffer(nint context);

    [LibraryImport(Lib, EntryPoint = "nft_run_cmd_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int RunCommand(nint context, string commands);
}

using System;

namespace MapiProfileTools.Core.Services
{
    /// <summary>Why a service operation failed, so the cmdlet layer can choose the error category.</summary>
    public enum ServiceFailure
    {
        NotFound,
        AccessDenied,
        Failed,
    }

    /// <summary>A service operation failed; carries the service name and the Win32 error when there is one.</summary>
    public sealed class ServiceControlException : Exception
    {
        public ServiceControlException(string serviceName, ServiceFailure failure, string message, int nativeErrorCode = 0, Exception? inner = null)
            : base(message, inner)
        {
            ServiceName = serviceName;
            Failure = failure;
            NativeErrorCode = nativeErrorCode;
        }

        public string ServiceName { get; }

        public ServiceFailure Failure { get; }

        public int NativeErrorCode { get; }
    }
}

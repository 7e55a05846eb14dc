/**
 * ONNX Runtime's telemetry, off unless the user turned it on. onnxruntime-node's Linux library
 * carries Microsoft's telemetry SDK: every process that creates a session leaves an empty
 * /tmp/mat-debug-<pid>.log behind (4,250 of them on this project's machine), and nothing about a
 * user's data or machine is ganforge's to report. ORT_DISABLE_TELEMETRY=1 stops it; ONNX Runtime
 * reads it when its environment starts (the first session), so this module runs before
 * onnxruntime-node is imported (ort.ts). A user's own ORT_DISABLE_TELEMETRY (e.g. 0) is kept.
 */
process.env.ORT_DISABLE_TELEMETRY ??= '1';

export {};

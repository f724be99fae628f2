/** Typed errors thrown by services; the HTTP error handler renders them. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message = 'Không tìm thấy dữ liệu yêu cầu hoặc bạn không có quyền xem.') =>
  new AppError(404, code, message);
export const forbidden = (code: string, message = 'Bạn không có quyền thực hiện thao tác này.') =>
  new AppError(403, code, message);
export const invalid = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const locked = (code: string, message: string) => new AppError(423, code, message);

import { AppError, notFound } from '../../kernel/errors.ts';

export const analyticsErrors = {
  productNotFound: (id: string) => notFound('ANALYTICS.PRODUCT_NOT_FOUND', 'Product', id),
  sameDimension: (dimension: string) => new AppError('invalid', 'ANALYTICS.BAD_PARAMETER', `columns: "${dimension}" is already the rows dimension; pick another or leave columns out`, { field: 'columns' }),
};

import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';

/**
 * An array of objects validated as `type`. ValidateNested alone accepts an array inside the array
 * (`[[{...}]]`) and hands the handler arrays where it expects objects; each element must be an object.
 */
export function NestedObjects(
  type: () => new () => object,
  size: { min?: number; max: number },
): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ...(size.min === undefined ? [] : [ArrayMinSize(size.min)]),
    ArrayMaxSize(size.max),
    IsObject({ each: true, message: 'each element of $property must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
  );
}

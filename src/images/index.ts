export { scalePixels, unscalePixels, toBytes, takeImages, type ImageData } from './image-data.js';
export { readIdxImages, parseIdx, encodeIdx, writeIdx, type IdxArray } from './idx.js';
export { readPngFolder, decodeGreyPng, encodeGreyPng, encodeImageGrid, writeImageGrid, writeImagePngs, type GridOptions } from './png-io.js';
export { loadDigits } from './digits.js';
export { trainImageClassifier, type ImageClassifier, type ClassifierOptions } from './classifier.js';
export { modeCoverage, labelAccuracy, type ModeCoverageResult, type CoverageOptions } from './coverage.js';
export { IMAGE_PRESETS, IMAGE_PRESET_DESCRIPTIONS, imageGanConfig, type ImagePreset } from './presets.js';
export { LabelConditioner } from './conditioner.js';
export { ImageGan, type ImageTrainOptions, type ImageSampleOptions, type ImageModelData } from './image-gan.js';
